"""Visualisation. skelact uses mmengine's ``Visualizer`` and backends; this
package is where skeleton-specific visualizers register."""
