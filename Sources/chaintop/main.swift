print("chaintop")
