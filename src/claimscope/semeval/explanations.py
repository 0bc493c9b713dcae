"""One plain-language line per SemEval-2023 Task 3 technique, frame and genre (shown on hover)."""

from __future__ import annotations

TECHNIQUE_EXPLANATIONS: dict[str, str] = {
    "Appeal_to_Authority": "Leans on an authority's say-so instead of evidence.",
    "Appeal_to_Popularity": "Argues something is right because many people think or do it.",
    "Appeal_to_Values": "Invokes values such as freedom, tradition or justice to win agreement.",
    "Appeal_to_Fear-Prejudice": "Plays on fear or prejudice to push a conclusion or action.",
    "Flag_Waving": "Appeals to patriotism or group pride to justify a position.",
    "Causal_Oversimplification": "Blames one cause for an outcome that has several.",
    "False_Dilemma-No_Choice": "Presents only two options (or one) when more exist.",
    "Consequential_Oversimplification": "Claims one step will inevitably lead to a chain of (bad) events.",
    "Straw_Man": "Attacks a distorted version of an opponent's position.",
    "Red_Herring": "Diverts attention to an irrelevant topic.",
    "Whataboutism": "Deflects criticism by pointing to someone else's wrongdoing.",
    "Slogans": "A short, catchy phrase that replaces an argument.",
    "Appeal_to_Time": "Insists that now is the moment to act, creating urgency.",
    "Conversation_Killer": "A phrase meant to shut down discussion or critical thought.",
    "Loaded_Language": "Emotionally charged words chosen to sway the reader.",
    "Repetition": "Repeats the same message so it sticks.",
    "Exaggeration-Minimisation": "Overstates or downplays something beyond the facts.",
    "Obfuscation-Vagueness-Confusion": "Deliberately vague or confusing wording that avoids a clear claim.",
    "Name_Calling-Labeling": "Labels a person or group with a term meant to make readers fear, hate or dismiss them.",
    "Doubt": "Casts doubt on someone's credibility or on a fact without evidence.",
    "Guilt_by_Association": "Discredits someone by linking them to a disliked person or group.",
    "Appeal_to_Hypocrisy": "Attacks an opponent as hypocritical instead of answering the argument.",
    "Questioning_the_Reputation": "Attacks someone's character or reputation rather than their argument.",
}

FRAME_EXPLANATIONS: dict[str, str] = {
    "Economic": "Costs, benefits, money and the economy.",
    "Capacity_and_resources": "Whether there are enough resources (people, money, equipment).",
    "Morality": "Right and wrong, religious or ethical duty.",
    "Fairness_and_equality": "Who is treated fairly or equally, and who is not.",
    "Legality_Constitutionality_and_jurisprudence": "Laws, courts, rights and legal authority.",
    "Policy_prescription_and_evaluation": "Which policy to adopt and whether policies work.",
    "Crime_and_punishment": "Crimes, law enforcement and sanctions.",
    "Security_and_defense": "Threats, war, terrorism and defence.",
    "Health_and_safety": "Health care, disease, safety and protection.",
    "Quality_of_life": "Effects on people's well-being and daily life.",
    "Cultural_identity": "Traditions, customs and values of a group.",
    "Public_opinion": "What the public thinks: polls, protests, attitudes.",
    "Political": "Political actors, parties, elections and manoeuvring.",
    "External_regulation_and_reputation": "A country's standing and relations with other countries.",
}

GENRE_EXPLANATIONS: dict[str, str] = {
    "opinion": "Argues a point of view (op-ed, editorial, commentary).",
    "reporting": "Aims at objective news reporting.",
    "satire": "Imitates news to mock or entertain.",
}
