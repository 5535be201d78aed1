"""python -m etl build | load spend FILE | check FILE | demo  (see README)."""
from etl.cli import main

raise SystemExit(main())
