import os
import subprocess
import sys

# Exits at once, leaving a child behind: the runner must kill it.
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", os.environ.get("HOSTILE_MARKER", "marker")])
print("left a child behind")
