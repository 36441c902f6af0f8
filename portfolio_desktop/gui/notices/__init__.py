"""收訖明細 and mailed notices: receipt list, print preview, batches, reply slips."""
