from maps.cli import main

raise SystemExit(main())
