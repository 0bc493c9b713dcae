"""SemEval-2023 Task 3 (genre, frames, persuasion techniques): data reading, formats, scoring."""
