"""Project tools (not part of npdl): the learner workspace and its notebook converter."""
