print("rwb: under construction")
