import sys

data = sys.stdin.read()
print(f"read {len(data)} characters from stdin")
