import sys

sys.stdout.write("x" * 20_000_000)
