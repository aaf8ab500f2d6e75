"""Sessions of the committee: work programme, meetings, agenda, attendance, opinions, votes, conclusions."""
