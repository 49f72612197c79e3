print("rwb")
