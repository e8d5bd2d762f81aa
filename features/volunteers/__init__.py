"""시민찾동이: registration with consent, and the staff's approval of a volunteer."""
