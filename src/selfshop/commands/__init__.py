"""One module per CLI command. Each imports its heavy dependencies inside the command, so that
`selfshop --help` starts fast."""
