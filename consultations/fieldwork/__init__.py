"""Field packages: households taken offline to QField and brought back (see ``service``)."""
