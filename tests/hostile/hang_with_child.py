import os
import subprocess
import sys
import time

# The child carries a marker in its command line so the test can look for survivors.
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", os.environ.get("HOSTILE_MARKER", "marker")])
print("spawned a child", flush=True)
time.sleep(600)
