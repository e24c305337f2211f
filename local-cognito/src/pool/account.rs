//! What a signed-in user does with their access token: read their
//! attributes, change or remove their name, delete themselves.

use super::{Pool, Result};
use crate::error::CognitoError;
use crate::protocol::*;

pub(super) fn no_such_user() -> CognitoError {
    CognitoError::new("UserNotFoundException", "User does not exist.")
}

impl Pool {
    pub fn get_user(&self, req: AccessTokenRequest) -> Result<GetUserResponse> {
        let claims = self.authorize(&req.access_token)?;
        let state = self.lock();
        let user = state.users.get(&claims.sub).ok_or_else(no_such_user)?;
        Ok(GetUserResponse {
            username: user.sub.clone(),
            user_attributes: user
                .attributes
                .iter()
                .map(|(k, v)| AttributeType {
                    name: k.clone(),
                    value: Some(v.clone()),
                })
                .collect(),
        })
    }

    /// UpdateUserAttributes: `name`, `locale`, and `phone_number`, whose
    /// change goes through a texted code (see `attributes`).
    pub fn update_user_attributes(&self, req: UpdateUserAttributesRequest) -> Result<UpdateUserAttributesResponse> {
        let claims = self.authorize(&req.access_token)?;
        for a in &req.user_attributes {
            if !["name", "locale", "phone_number"].contains(&a.name.as_str()) {
                return Err(CognitoError::invalid_parameter(format!(
                    "Cannot modify the attribute {}.",
                    a.name
                )));
            }
        }
        let mut state = self.lock_for_change();
        let mut delivered = Vec::new();
        let new_phone = req.user_attributes.iter().find(|a| a.name == "phone_number");
        if let Some(phone) = new_phone {
            let phone = phone.value.as_deref().unwrap_or_default();
            let locale = req.client_metadata.get("locale").map(String::as_str);
            delivered.extend(self.change_phone(&mut state, &claims.sub, phone, locale)?);
        }
        let user = state.users.get_mut(&claims.sub).ok_or_else(no_such_user)?;
        for a in req.user_attributes.into_iter().filter(|a| a.name != "phone_number") {
            match a.value {
                Some(v) if !v.is_empty() => user.attributes.insert(a.name, v),
                _ => user.attributes.remove(&a.name),
            };
        }
        Ok(UpdateUserAttributesResponse {
            code_delivery_details_list: delivered,
        })
    }

    /// DeleteUserAttributes: the user's own optional attributes (here only
    /// `name`; the number and `sub` cannot go).
    pub fn delete_user_attributes(&self, req: DeleteUserAttributesRequest) -> Result<Empty> {
        let claims = self.authorize(&req.access_token)?;
        if let Some(other) = req.user_attribute_names.iter().find(|n| n.as_str() != "name") {
            return Err(CognitoError::invalid_parameter(format!(
                "Cannot modify the attribute {other}."
            )));
        }
        let mut state = self.lock_for_change();
        let user = state.users.get_mut(&claims.sub).ok_or_else(no_such_user)?;
        for name in &req.user_attribute_names {
            user.attributes.remove(name);
        }
        Ok(Empty {})
    }

    pub fn delete_user(&self, req: AccessTokenRequest) -> Result<Empty> {
        let claims = self.authorize(&req.access_token)?;
        let mut state = self.lock_for_change();
        Self::revoke_user(&mut state, &claims.sub);
        if let Some(user) = state.users.remove(&claims.sub)
            && let Some(phone) = user.phone()
        {
            state.by_phone.remove(phone);
        }
        Ok(Empty {})
    }
}
