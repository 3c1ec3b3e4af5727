"""Point of sale > Record an action: an employee records a sale, refund, adjustment, receiving
or invoice payment by hand, and sees their recent actions."""
