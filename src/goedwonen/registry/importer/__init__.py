"""`goedwonen import FOLDER`: the data contract (`registry/contract.py`, docs/data-contract.md), to
the letter."""
