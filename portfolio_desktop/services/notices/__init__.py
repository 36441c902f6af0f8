"""Receipt confirmation (收訖明細): receipt import, confirmation, mailed notices, batches, disputes."""
