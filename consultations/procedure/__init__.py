"""The legal procedure's steps per household and their deadlines."""
