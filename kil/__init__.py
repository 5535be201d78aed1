"""Shared core of the Keep it Local dashboard: configuration and the one way into the warehouse."""
