"""Test support code for agroutes (recording HTTP server and helpers)."""
