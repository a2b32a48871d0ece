import sys

print("about to fail")
print("something went wrong", file=sys.stderr)
sys.exit(3)
