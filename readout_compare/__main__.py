from readout_compare.cli import main

raise SystemExit(main())
