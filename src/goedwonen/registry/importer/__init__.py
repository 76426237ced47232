"""`goedwonen import FOLDER`: the data contract (docs/data-contract.md in shared), to the letter."""
