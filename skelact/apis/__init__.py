"""High-level APIs: model initialisation, inference, feature extraction."""
