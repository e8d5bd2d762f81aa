"""The composition root: builds the Application, the poller, the sender and the scheduler, and
wires the features into them. Nothing below imports it."""
