"""Central 名冊 files from the GUI: recognise and import, write for submission."""
