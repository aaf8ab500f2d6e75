"""Conclusion notices (thông báo kết luận): drafting, numbering, rendering, signing, distribution."""
