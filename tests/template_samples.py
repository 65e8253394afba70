"""A template source that meets A2 and one that fails it, for the tests of editing and approving."""

FRONT = '{#---\nkind = "sms"\ntitle = "Ik bel volgende maand"\nlevel = "A2"\n---#}\n'
PLAIN = FRONT + "Hallo {{ voornaam }}, ik bel u volgende maand. Groet, {{ coach_voornaam }}\n"
HARD = FRONT + ("Geachte {{ voornaam }}, indien u hieromtrent nadere informatie wenst, dient u zich middels "
                "een schriftelijk verzoek tot de desbetreffende afdeling te wenden teneinde uw aanvraag "
                "in behandeling te laten nemen. {{ coach_voornaam }}\n")
VALUES = {"voornaam": "Fatima", "coach_voornaam": "Sanne", "coach_telefoon": "0612345678"}
