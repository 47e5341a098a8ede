{ fromDefault = "dir"; }
