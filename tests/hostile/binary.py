import sys

sys.stdout.buffer.write(b"caf\xc3\xa9 then invalid \xff\xfe bytes\n")
