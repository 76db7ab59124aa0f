"""Reference data of regions and organisations, and the load_reference_data entry point."""
