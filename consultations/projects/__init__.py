"""Projects: the list, creating one from a folder of files, the demo projects."""
