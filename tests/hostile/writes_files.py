import json
import os
from pathlib import Path

Path("notes.txt").write_text("scratch\n")
Path("result.json").write_text(json.dumps({"answer": 42}))
print("wrote files in", os.getcwd())
