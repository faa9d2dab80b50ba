"""Layer 1, the data: units (pint), the column schema, reading and writing files, the network, geometry."""
