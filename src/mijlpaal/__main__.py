from mijlpaal.cli import main

raise SystemExit(main())
