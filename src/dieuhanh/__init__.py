"""dieuhanh: executive work of a Vietnamese People's Committee."""
