-- A practice's public contact details (issue 14): its address and phone
-- number, shown on its public page and beside the "Contact your practice"
-- form. Set by the practice on "Practice details"; empty until then.
ALTER TABLE organisations ADD COLUMN address TEXT;
ALTER TABLE organisations ADD COLUMN phone TEXT;
