"""What every dialogue is built from, below the feature handlers: the typed context and the
reply helpers (`common.py`), the form machinery (`flow.py`: questions asked in place, stale
presses, the preview's edit step) and the dong picker (`area_picker.py`). It knows no feature."""
