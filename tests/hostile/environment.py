import os

print(sorted(name for name in os.environ if name.startswith("PYTHON")))
