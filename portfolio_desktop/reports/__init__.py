"""reportlab documents: notices, reply slips, mailing lists, labels; fonts registered once."""
