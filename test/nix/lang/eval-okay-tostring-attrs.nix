[ "${{ __toString = s: "ts${s.x}"; x = "!"; }}" "${{ outPath = "/op"; }}" ]
