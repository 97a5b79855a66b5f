"""Long checks of serving and rebuilding, run by ``make stress`` (bounded, loopback only)."""
