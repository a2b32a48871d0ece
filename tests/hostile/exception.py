raise ValueError("an example that raises")
