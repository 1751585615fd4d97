"""The browser's screens: the members screen (the view state) and the help screen."""
