// Unidad vacía: solo existe para construir el encabezado precompilado.
