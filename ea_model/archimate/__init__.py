"""The ArchiMate Model Exchange File Format (The Open Group, 3.x; 2.1 read and upgraded): import into a YAML
repository and export of a model, with its viewpoints as diagrams laid out by graphviz."""
