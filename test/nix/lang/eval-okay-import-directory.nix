(import ./lib).fromDefault
