"""Setting a project up from its files: its folder, the demo projects, the household and history
registers, the corridor's settings and the progress of setting up. Above the features it feeds."""
