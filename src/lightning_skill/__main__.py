import sys

from lightning_skill.cli import main

sys.exit(main())
