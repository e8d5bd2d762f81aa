"""/mydata, /forget and the retention of inactive accounts."""
