"""Obstacles, directives and steering-board meetings."""
